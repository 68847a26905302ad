package io.lmdeck.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} on every verb ({@code --version} lives on {@code lmdeck} itself). */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
