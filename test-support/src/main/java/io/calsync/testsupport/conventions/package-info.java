/**
 * The conventions suite every CalSync service's boot IT extends ({@link
 * io.calsync.testsupport.conventions.ServiceConventions}): one copy of the checks each service must
 * pass, each service supplying only what is its own.
 */
package io.calsync.testsupport.conventions;
