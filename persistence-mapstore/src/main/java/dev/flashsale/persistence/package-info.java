/** Placeholder. */
package dev.flashsale.persistence;
