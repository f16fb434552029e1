package io.denywatch.common.http;

import io.denywatch.common.config.Config;
import io.denywatch.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiTokenTest {

    private static final String TOKEN = "q7Vd9-xK2_mP4.wR8~tZ1+bN6/cF3hJ0==";

    @TempDir
    Path dir;

    @Test
    void admitsOnlyTheWholeTokenInABearerHeader() throws IOException {
        ApiToken token = ApiToken.read(file(TOKEN + "\n"));

        assertTrue(token.admits("Bearer " + TOKEN));
        assertTrue(token.admits("bearer " + TOKEN), "the scheme is case-insensitive (RFC 7235)");
        assertFalse(token.admits(null));
        assertFalse(token.admits(""));
        assertFalse(token.admits("Bearer "));
        assertFalse(token.admits(TOKEN), "no scheme");
        assertFalse(token.admits("Basic " + TOKEN));
        assertFalse(token.admits("Bearer " + TOKEN.substring(0, TOKEN.length() - 1)), "a prefix");
        assertFalse(token.admits("Bearer " + TOKEN + "x"), "longer");
        assertFalse(token.admits("Bearer " + TOKEN.substring(0, TOKEN.length() - 1) + "A"), "one byte off");
        assertEquals("Bearer " + TOKEN, token.authorization());
    }

    @Test
    void comparesBytesWhateverTheirLength() throws IOException {
        ApiToken token = ApiToken.read(file(TOKEN));
        byte[] right = TOKEN.getBytes(StandardCharsets.UTF_8);

        assertTrue(token.matches(right.clone()));
        assertFalse(token.matches(new byte[0]));
        assertFalse(token.matches(new byte[right.length]));
        assertFalse(token.matches(new byte[right.length * 4]));
        byte[] lastDiffers = right.clone();
        lastDiffers[lastDiffers.length - 1] ^= 1;
        assertFalse(token.matches(lastDiffers));
    }

    @Test
    void neverShowsTheToken() throws IOException {
        assertFalse(ApiToken.read(file(TOKEN)).toString().contains(TOKEN));
        assertFalse(ApiToken.read(file(TOKEN)).toString().contains(TOKEN.substring(0, 4)));
    }

    @Test
    void aFileThatHoldsNoUsableTokenIsRefusedWithoutShowingItsContent() throws IOException {
        String withSpace = "a-long-token with-a-space-inside";
        assertEquals("holds characters a bearer token cannot have (letters, digits and -._~+/ only, then = for"
                + " padding)", refusal(file(withSpace)));
        assertEquals("is empty", refusal(file(" \n")));
        assertTrue(refusal(file("short-token")).startsWith("holds a token shorter than 16 characters"));
        assertEquals("cannot be read (NoSuchFileException)", refusal(dir.resolve("missing")));
        assertTrue(refusal(file("x".repeat(5000))).startsWith("is larger than"));
    }

    @Test
    void theSettingNamesTheFileAndTheProblemButNotTheToken() throws IOException {
        Path shortToken = file("s3cr3t-token");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ApiToken.from(Config.of(Map.of("http.api-token-file", shortToken.toString()))));

        assertTrue(e.getMessage().contains("http.api-token-file"), e.getMessage());
        assertTrue(e.getMessage().contains(shortToken.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertThrows(ConfigException.class, () -> ApiToken.from(Config.of(Map.of("http.api-token-file", ""))),
                "set but empty: refused, not silently open");
    }

    @Test
    void unsetMeansNoToken() throws IOException {
        assertEquals(Optional.empty(), ApiToken.from(Config.of(Map.of())));
        Path file = file(TOKEN);
        Config config = Config.of(Map.of("http.api-token-file", file.toString()));
        assertTrue(ApiToken.from(config).orElseThrow().admits("Bearer " + TOKEN));
        assertFalse(config.describe(List.of(ApiToken.FILE)).toString().contains(TOKEN));
    }

    private static String refusal(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> ApiToken.read(file)).getMessage();
    }

    private Path file(String content) throws IOException {
        Path file = Files.createTempFile(dir, "token", "");
        Files.writeString(file, content);
        return file;
    }
}
