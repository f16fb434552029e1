package io.denywatch.analyzer.classify;

import java.util.List;

import io.denywatch.common.config.Setting;

/** Every setting of the denial classifier, declared once. */
public final class ClassifierSettings {

    public static final Setting<String> AUTHORIZATION_CODES = Setting.string("analyzer.authorization-codes",
                    ErrorCodes.DEFAULT_AUTHORIZATION_CODES,
                    "Error codes that are authorization denials, comma-separated; * at the start or end of an entry"
                            + " matches any text there (CIS: AccessDenied*, *UnauthorizedOperation).")
            .validatedBy(CodeList::problem);
    public static final Setting<String> AUTHENTICATION_CODES = Setting.string("analyzer.authentication-codes",
                    ErrorCodes.DEFAULT_AUTHENTICATION_CODES,
                    "Error codes that are authentication failures (bad, expired or unsigned credentials), counted"
                            + " apart from denials; same syntax.")
            .validatedBy(CodeList::problem);
    public static final Setting<String> IGNORED_CODES = Setting.string("analyzer.ignored-codes",
                    ErrorCodes.DEFAULT_IGNORED_CODES,
                    "Error codes that are never denials, even where a pattern above matches; checked first.")
            .validatedBy(CodeList::problem);

    public static final List<Setting<?>> ALL = List.of(AUTHORIZATION_CODES, AUTHENTICATION_CODES, IGNORED_CODES);

    private ClassifierSettings() {
    }
}
