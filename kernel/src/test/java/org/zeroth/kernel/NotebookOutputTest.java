package org.zeroth.kernel;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NotebookOutputTest {
    @Test
    void flushStopsBeforeAnUnfinishedCharacter() {
        byte[] euro = "a€".getBytes(StandardCharsets.UTF_8); // 'a' + 3 bytes
        assertEquals(4, NotebookOutput.completeUtf8(euro, 4));
        assertEquals(1, NotebookOutput.completeUtf8(euro, 3));
        assertEquals(1, NotebookOutput.completeUtf8(euro, 2));
        byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, NotebookOutput.completeUtf8(emoji, 3));
        assertEquals(4, NotebookOutput.completeUtf8(emoji, 4));
    }
}
