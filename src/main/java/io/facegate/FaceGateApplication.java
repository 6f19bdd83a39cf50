package io.facegate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import io.facegate.cli.FaceGateCli;

/**
 * Entry point. With no arguments (or only Spring options such as {@code --server.port=8080}) it runs the web
 * server; with a command name as first argument ({@code describe}, {@code compare}, {@code evaluate},
 * {@code benchmark}) it runs the face engine's command line instead.
 */
@SpringBootApplication
public class FaceGateApplication {

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        if (FaceGateCli.isCommand(args)) {
            System.exit(FaceGateCli.run(args));
        }
        SpringApplication.run(FaceGateApplication.class, args);
    }
}
