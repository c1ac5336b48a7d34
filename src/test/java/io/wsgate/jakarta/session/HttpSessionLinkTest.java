package io.wsgate.jakarta.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class HttpSessionLinkTest {

    @Test
    void theLinkSurvivesSerialisationEmpty() throws Exception {
        HttpSessionLink link = new HttpSessionLink();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(link);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(0, ((HttpSessionLink) in.readObject()).size());
        }
    }
}
