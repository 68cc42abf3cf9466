/**
 * Protection against a split brain: every change of sale state needs a quorum of the cluster's members, a lite witness
 * member included ({@link dev.flashsale.cluster.splitbrain.MemberQuorum}), and when the split heals the side that kept
 * the quorum wins the merge ({@link dev.flashsale.cluster.splitbrain.QuorumSideMergePolicy}). {@code
 * docs/guarantees.md} explains the design and its limits.
 */
package dev.flashsale.cluster.splitbrain;
