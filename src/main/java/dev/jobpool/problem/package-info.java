/**
 * Errors as RFC 9457 problem details: the catalogue of problem types ({@link dev.jobpool.problem.ProblemType}),
 * the one place that turns exceptions into problems, the request body limit, and the documentation each
 * problem {@code type} URI points to. Never a stack trace or a class name of the service's own.
 */
package dev.jobpool.problem;
