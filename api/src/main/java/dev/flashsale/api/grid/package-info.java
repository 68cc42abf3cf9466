/** The API's own grid maps (remembered requests, simulated payments) and their serialization. */
package dev.flashsale.api.grid;
