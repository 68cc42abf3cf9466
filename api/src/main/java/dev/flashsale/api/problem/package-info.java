/**
 * Error responses as RFC 9457 problem details ({@code application/problem+json}), each with a stable {@code type}
 * from {@link dev.flashsale.api.problem.ProblemType}.
 */
package dev.flashsale.api.problem;
