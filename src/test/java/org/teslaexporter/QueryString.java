package org.teslaexporter;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The parameters of a raw URL query ({@code a=1&b=x%20y}), decoded; a name without {@code =} has the value "". */
public final class QueryString {

    private QueryString() {
    }

    public static Map<String, String> decode(String raw) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            parameters.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return parameters;
    }
}
