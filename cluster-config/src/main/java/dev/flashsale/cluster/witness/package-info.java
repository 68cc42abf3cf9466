/**
 * The witness: a small lite member that gives two app nodes a third voter ({@link
 * dev.flashsale.cluster.witness.WitnessMember}).
 */
package dev.flashsale.cluster.witness;
