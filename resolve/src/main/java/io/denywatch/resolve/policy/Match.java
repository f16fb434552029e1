package io.denywatch.resolve.policy;

/** Whether part of a statement matches a call: yes, no, or the record cannot tell. */
enum Match {
    YES, NO, UNSETTLED;

    static Match of(boolean matches) {
        return matches ? YES : NO;
    }

    /** Both must match: a certain miss wins over "cannot tell". */
    Match and(Match other) {
        if (this == NO || other == NO) {
            return NO;
        }
        return this == UNSETTLED || other == UNSETTLED ? UNSETTLED : YES;
    }

    /** Either may match: a certain match wins over "cannot tell". */
    Match or(Match other) {
        if (this == YES || other == YES) {
            return YES;
        }
        return this == UNSETTLED || other == UNSETTLED ? UNSETTLED : NO;
    }

    Match not() {
        return switch (this) {
            case YES -> NO;
            case NO -> YES;
            case UNSETTLED -> UNSETTLED;
        };
    }
}
