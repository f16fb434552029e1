package io.denywatch.common.cloudtrail;

import java.io.IOException;

/** A log file that cannot be read as CloudTrail, for a permanent reason. */
public final class LogFileException extends IOException {

    private final LogFileProblem problem;

    public LogFileException(LogFileProblem problem, String detail) {
        super(problem.code() + ": " + detail);
        this.problem = problem;
    }

    public LogFileException(LogFileProblem problem, String detail, Throwable cause) {
        super(problem.code() + ": " + detail, cause);
        this.problem = problem;
    }

    public LogFileProblem problem() {
        return problem;
    }
}
