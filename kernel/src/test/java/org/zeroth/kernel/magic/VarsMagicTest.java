package org.zeroth.kernel.magic;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The short value %vars shows: the type users know, whatever the value's toString() does. */
class VarsMagicTest {
    @Test
    void collectionsShowTheirPublicTypeNotAJdkInternalClass() {
        assertEquals("List of 2: [1, 2]", VarsMagic.describe(List.of(1, 2)));
        assertEquals("List of 2: [a, b]", VarsMagic.describe(Arrays.asList("a", "b")));
        assertEquals("Map of 1: {k=1}", VarsMagic.describe(Map.of("k", 1)));
        assertEquals("ArrayList of 1: [x]", VarsMagic.describe(new ArrayList<>(List.of("x"))));
    }

    @Test
    void aToStringReturningNullShowsNull() {
        assertEquals("null", VarsMagic.describe(new Object() {
            @Override
            public String toString() {
                return null;
            }
        }));
    }
}
