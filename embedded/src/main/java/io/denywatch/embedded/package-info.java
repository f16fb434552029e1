/**
 * A local Kafka, S3 and SQS for the demo, the benchmarks and the integration tests.
 *
 * <p>{@link io.denywatch.embedded.LocalStack} is what consumers use. {@link io.denywatch.embedded.EmbeddedStack}
 * runs everything in this JVM without Docker (a KRaft broker, S3Proxy and ElasticMQ on loopback ports);
 * {@link io.denywatch.embedded.ContainerStack} runs the Apache Kafka image and LocalStack through Testcontainers.
 * {@link io.denywatch.embedded.LocalStacks} chooses between them and
 * {@link io.denywatch.embedded.StackExtension} shares one stack across a JUnit run.
 *
 * <p>{@link io.denywatch.embedded.MotoServer} runs a real moto_server; {@link io.denywatch.embedded.AwsQueryEndpoint}
 * in front of it answers the IAM and STS actions moto lacks.
 */
package io.denywatch.embedded;
