package io.wsgate.jakarta.deploy;

import jakarta.websocket.DeploymentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class UriTemplateTest {

    @ParameterizedTest
    @ValueSource(strings = {"a/{var}", "/a/b{var}", "/a/{var/b}", "/{var}.do", "/a/{var*}", "/a/{}", "/a/{+var}",
            "/a//b", "/a/./b", "/a/../b", "/{x}/{x}", "/a/{var", "/a/var}", "", "/a b", "/a?b"})
    void rejectsInvalidPaths(String path) {
        assertThrows(DeploymentException.class, () -> UriTemplate.parse(path));
    }

    @Test
    void rejectionNamesTheRule() {
        DeploymentException e = assertThrows(DeploymentException.class, () -> UriTemplate.parse("/a/{x}/{x}"));
        assertTrue(e.getMessage().contains("more than once"), e.getMessage());
        e = assertThrows(DeploymentException.class, () -> UriTemplate.parse("/a/b{var}"));
        assertTrue(e.getMessage().contains("whole segment"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a", "/a/b/", "/bookings/{guest-id}", "/{a}/{b}/c", "/a/{privilege-level}"})
    void acceptsValidPaths(String path) throws DeploymentException {
        assertEquals(path, UriTemplate.parse(path).path());
    }

    @Test
    void equivalentTemplatesShareAKey() throws DeploymentException {
        assertEquals(UriTemplate.parse("/a/{x}/c").equivalenceKey(), UriTemplate.parse("/a/{y}/c").equivalenceKey());
        assertNotEquals(UriTemplate.parse("/a/{x}/c").equivalenceKey(), UriTemplate.parse("/a/{y}/d").equivalenceKey());
    }

    private static EndpointPaths<String> paths(String... templates) throws DeploymentException {
        EndpointPaths<String> paths = new EndpointPaths<>();
        for (String t : templates) paths.add(UriTemplate.parse(t), t);
        return paths;
    }

    /** The specification's examples (section 3.1.1) and a few more: request, expected endpoint ('-' for none), params. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/a/b/c   | /a/b/c         | {}",
            "/a/d/c   | /a/{var}/c     | {var=d}",
            "/a/x/y   | /a/{var1}/{var2} | {var1=x, var2=y}",
            "/b/d     | /b/{var2}      | {var2=d}",
            "/a/b     | /a/b           | {}",
            "/a/apple | /a/{var}       | {var=apple}",
            "/a       | -              | ",
            "/a/b/    | /a/b/          | {}",
            "/x/b/c   | /{v}/b/c       | {v=x}",
            "/a/b/x   | /a/{var1}/{var2} | {var1=b, var2=x}",
            "/a//c    | -              | ",
    })
    void bestMatchFollowsSpecificationPrecedence(String request, String expected, String params) throws DeploymentException {
        EndpointPaths<String> paths = paths("/a/{var}/c", "/a/b/c", "/a/{var1}/{var2}", "/{var1}/d", "/b/{var2}",
                "/a/b", "/a/{var}", "/a/b/", "/{v}/b/c");
        EndpointPaths.Match<String> match = paths.match(request);
        if (expected.equals("-")) {
            assertNull(match, () -> "expected no match for " + request + " but got " + match);
        } else {
            assertNotNull(match, "no match for " + request);
            assertEquals(expected, match.endpoint());
            assertEquals(params, match.pathParameters().toString());
        }
    }

    @Test
    void leftToRightNarrowingCanRejectAPathAnotherTemplateWouldExpand() throws DeploymentException {
        // At segment 0 the literal 'a' wins over the variable; its next literal then fails and nothing is retried.
        EndpointPaths<String> paths = paths("/a/{x}/c", "/{y}/b/d");
        assertNull(paths.match("/a/b/d"));
        assertEquals(Map.of("y", "z"), paths.match("/z/b/d").pathParameters());
    }

    @Test
    void variableNeverMatchesAnEmptySegment() throws DeploymentException {
        assertNull(paths("/a/{var}").match("/a/"));
        assertNull(paths("/a/{var}").match("/a/b/"));
        assertNull(paths("/a/{var}").match("/a/b/c"));
    }

    @Test
    void duplicatePathsAreRejectedWithTheExistingEndpointNamed() throws DeploymentException {
        EndpointPaths<String> paths = paths("/a/{x}", "/exact");
        DeploymentException e = assertThrows(DeploymentException.class, () -> paths.add(UriTemplate.parse("/a/{other}"), "second"));
        assertTrue(e.getMessage().contains("/a/{x}"), e.getMessage());
        assertThrows(DeploymentException.class, () -> paths.add(UriTemplate.parse("/exact"), "again"));
        // An expanded form of a template is a different, valid path.
        paths.add(UriTemplate.parse("/a/b"), "expanded");
        assertEquals("expanded", paths.match("/a/b").endpoint());
        assertEquals("/a/{x}", paths.match("/a/c").endpoint());
    }
}
