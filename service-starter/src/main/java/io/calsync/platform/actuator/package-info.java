/** Actuator defaults every service shares (exposure, probes, meter tags). */
package io.calsync.platform.actuator;
