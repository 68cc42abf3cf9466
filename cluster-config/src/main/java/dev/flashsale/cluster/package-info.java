/**
 * The Hazelcast member configuration of an app node, built in Java from one immutable {@link
 * dev.flashsale.cluster.ClusterSettings} by {@link dev.flashsale.cluster.MemberConfigFactory}: the same factory in
 * production and in tests. Nothing here uses Spring.
 */
package dev.flashsale.cluster;
