/**
 * The provider test kit: abstract JUnit 5 contract classes that a provider's own build extends, each with one
 * factory method, to check its provider against what the SPI promises. Published as eraft-api's test-jar
 * ({@code <type>test-jar</type>}); see each contract class for the dependency and the subclass to write.
 */
package io.eraft.api.tck;
