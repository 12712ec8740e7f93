package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Parsing what the views write, as a front-end would. */
final class Documents {
    private Documents() {
    }

    static JsonNode json(String text) {
        return assertDoesNotThrow(() -> new ObjectMapper().readTree(text), "not valid JSON");
    }

    /** Parses SVG as XML (namespace-aware, no external entities): fails the test if it is not well formed. */
    static Document xml(String text) {
        return assertDoesNotThrow(() -> {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        }, "not well-formed XML");
    }
}
