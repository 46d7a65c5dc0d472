// Renders ntfy message templates as ntfy's server does (server_template.go): the JSON body read into
// `any`, Go's text/template, a literal "\n" turned into a new line, the result trimmed. StackIT runs it
// on what Alertmanager posted to the fake phone, with the templates of docker/alertmanager/entrypoint.sh.
//
//	go run render.go TEMPLATE... < body.json   prints a JSON array: one rendered text per template
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/template"
)

func main() {
	body, err := io.ReadAll(io.LimitReader(os.Stdin, 1<<20))
	if err != nil {
		fail("reading the body: %v", err)
	}
	var data any
	if err := json.Unmarshal(body, &data); err != nil {
		fail("the body is not JSON: %v", err)
	}
	rendered := []string{}
	for _, tpl := range os.Args[1:] {
		t, err := template.New("").Parse(tpl)
		if err != nil {
			fail("template %q: %v", tpl, err)
		}
		var out bytes.Buffer
		if err := t.Execute(&out, data); err != nil {
			fail("template %q: %v", tpl, err)
		}
		rendered = append(rendered, strings.TrimSpace(strings.ReplaceAll(out.String(), `\n`, "\n")))
	}
	if err := json.NewEncoder(os.Stdout).Encode(rendered); err != nil {
		fail("%v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}
