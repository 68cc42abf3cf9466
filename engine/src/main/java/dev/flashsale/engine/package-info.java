/** Placeholder. */
package dev.flashsale.engine;
