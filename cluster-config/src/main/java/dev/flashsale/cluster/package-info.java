/** Placeholder. */
package dev.flashsale.cluster;
