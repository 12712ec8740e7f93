package org.zeroth.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zeroth.ViewSamples;

/**
 * Every display the notebooks show stays the same when the rendering code moves: the bundles of a Run, Repeats,
 * Comparison, CboRun, EstimatorReport, Table and Figure (fixed data) are compared with bundles recorded before the
 * move to the renderer registry. Figure ids (random) and SVG drawings (their ticks are tested in StaticChartTest)
 * are blanked; toString() (println) is compared too. {@code -Dzeroth.golden.record=src/test/resources/org/zeroth/view/golden} writes them anew.
 */
class GoldenBundlesTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void everyResultRendersAsRecorded() throws Exception {
        String record = System.getProperty("zeroth.golden.record");
        Figure.titled("first").html(); // the session's first figure takes plotly.js; the samples do not carry it
        for (Map.Entry<String, Object> sample : ViewSamples.all().entrySet()) {
            Map<String, String> shown = normalized(Views.bundle(sample.getValue()));
            shown.put("toString()", String.valueOf(sample.getValue())); // what println shows
            String actual = JSON.writeValueAsString(shown);
            String name = sample.getKey() + ".json";
            if (record != null) {
                Files.writeString(Path.of(record, name), actual, StandardCharsets.UTF_8);
                continue;
            }
            assertEquals(golden(name), actual, sample.getKey() + " renders differently");
        }
    }

    private static Map<String, String> normalized(MimeBundle bundle) {
        Map<String, String> data = new LinkedHashMap<>();
        bundle.data().forEach((mime, text) -> data.put(mime, text
                .replaceAll("zeroth-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "zeroth-ID")
                .replaceAll("(?s)<svg.*?</svg>", "<svg/>")));
        return data;
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = GoldenBundlesTest.class.getResourceAsStream("golden/" + name)) {
            if (in == null) {
                throw new IOException("no golden file golden/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
