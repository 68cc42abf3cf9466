/** Placeholder. */
package dev.flashsale.bench;
