/** Placeholder. */
package dev.flashsale.api;
