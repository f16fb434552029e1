package io.denywatch.common.http;

import io.denywatch.common.config.Config;
import io.denywatch.common.config.ConfigException;
import io.denywatch.common.config.Secrets;
import io.denywatch.common.config.Setting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bearer token that guards the query API ({@code /api/*}), read from a file so that it is never a value in the
 * environment, on a command line or in a properties file.
 *
 * <p>The token leaves this class only as the {@code Authorization} header a client sends ({@link #authorization()}).
 * Its {@code toString} is masked, and errors about its file name the file and what is wrong with it, never its content.
 */
public final class ApiToken {

    /** Short tokens can be guessed over HTTP; the webhook secret asks the same. */
    static final int MIN_LENGTH = 16;
    /** Far longer than any sensible token: a larger file is the wrong file. */
    private static final long MAX_FILE_SIZE = 4096;
    /** RFC 6750's b64token: what a bearer token may hold, so that it goes into an HTTP header as it is. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");
    private static final String SCHEME = "Bearer ";

    public static final Setting<String> FILE = Setting.string("http.api-token-file", null,
            "File holding the bearer token (at least " + MIN_LENGTH + " characters) that /api/* requires; the"
                    + " analyzer sends it on to its peers. /metrics and /health/* stay open. Unset, /api/* answers"
                    + " anyone who reaches http.port.")
            .validatedBy(ApiToken::problemWith);

    private final byte[] expected;

    private ApiToken(byte[] expected) {
        this.expected = expected;
    }

    /**
     * The token {@link #FILE} names, or none when it is not set.
     *
     * @throws ConfigException when the file cannot be read or does not hold a usable token
     */
    public static Optional<ApiToken> from(Config config) {
        String file = config.get(FILE);
        if (file == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(Path.of(file)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(FILE.key() + ": " + file + " " + e.getMessage());
        }
    }

    /**
     * The token in a file: its whole content but surrounding white space (the line break an editor or {@code echo}
     * adds).
     *
     * @throws IllegalArgumentException saying what is wrong with the file, as a phrase to follow its name
     */
    public static ApiToken read(Path file) {
        String token;
        try {
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw new IllegalArgumentException("is larger than " + MAX_FILE_SIZE + " bytes, too large for a"
                        + " token file");
            }
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            // The exception's class says enough; its message could only repeat the file's name.
            throw new IllegalArgumentException("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        if (!B64TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("holds characters a bearer token cannot have (letters, digits and"
                    + " -._~+/ only, then = for padding)");
        }
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("holds a token shorter than " + MIN_LENGTH + " characters; use a"
                    + " long random one, such as from: openssl rand -hex 32");
        }
        return new ApiToken(token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * True when an {@code Authorization} header value carries this token. The comparison takes the same time however
     * much of a guess is right, so the time of an answer does not lead a guess towards the token.
     */
    public boolean admits(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        byte[] presented = authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
        return matches(presented);
    }

    /** Constant-time: {@link MessageDigest#isEqual} takes time by the length of its first argument only, ours. */
    boolean matches(byte[] presented) {
        return MessageDigest.isEqual(expected, presented);
    }

    /** The {@code Authorization} header value that carries this token, for a client of the query API. */
    public String authorization() {
        return SCHEME + new String(expected, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ApiToken[" + Secrets.mask("set") + "]";
    }

    /** Why the setting's file cannot serve as the token, or null when it can. */
    private static String problemWith(String file) {
        if (file.isEmpty()) {
            return "must name a file holding the token";
        }
        try {
            read(Path.of(file));
            return null;
        } catch (InvalidPathException e) {
            return "is not a file name";
        } catch (IllegalArgumentException e) {
            return "the file " + e.getMessage();
        }
    }
}
