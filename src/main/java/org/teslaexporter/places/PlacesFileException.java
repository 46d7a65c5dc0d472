package org.teslaexporter.places;

import java.util.List;

/** A places file that cannot be used: every problem found, each naming its field. */
public class PlacesFileException extends Exception {

    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public PlacesFileException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
