package io.denywatch.analyzer.classify;

import java.util.Optional;

import io.denywatch.contract.denial.Category;

/** What an error code says about a call. */
public enum ErrorClass {
    /** The caller was refused permission. */
    AUTHORIZATION(Category.AUTHORIZATION),
    /** The caller's credentials or sign-in failed. */
    AUTHENTICATION(Category.AUTHENTICATION),
    /** Any other outcome: success, dry run, throttling, not found, validation... */
    NOT_A_DENIAL(null);

    private final Category category;

    ErrorClass(Category category) {
        this.category = category;
    }

    /** The category a denial of this class is reported under; empty for {@link #NOT_A_DENIAL}. */
    public Optional<Category> category() {
        return Optional.ofNullable(category);
    }
}
