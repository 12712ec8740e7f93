package org.zeroth.kernel.magic;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The short value %vars shows: the type users know, whatever the value's toString() does. */
class VarsMagicTest {
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
