/**
 * HTTP plumbing shared by the features' controllers: timeouts given as seconds, NDJSON and SSE streams, the
 * request body limit and the OpenAPI description. No business rules live here.
 */
package dev.jobpool.web;
