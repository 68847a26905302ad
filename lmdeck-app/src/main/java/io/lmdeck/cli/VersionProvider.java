package io.lmdeck.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version Maven stamped into the jar (pom.properties); "development build" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = "development build";
        try (InputStream in = Main.class.getResourceAsStream("/META-INF/maven/io.lmdeck/lmdeck/pom.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                version = properties.getProperty("version", version);
            }
        } catch (IOException e) {
            // Keep "development build".
        }
        return new String[] {
            "lmdeck " + version,
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
        };
    }
}
