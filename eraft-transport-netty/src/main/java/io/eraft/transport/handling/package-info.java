/**
 * What both transport providers share, kept inside the module (not exported): running an arriving request on its
 * channel's handler, and the checks and failures of a new request.
 */
package io.eraft.transport.handling;
