package dev.jobpool;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Jobpool: Python's concurrent.futures as a REST service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class JobpoolApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].startsWith("--generate-api-key")) {
            // prints a new key and the hash to configure; starts nothing
            String client = args[0].contains("=") ? args[0].substring(args[0].indexOf('=') + 1) : "my-client";
            System.out.print(dev.jobpool.security.KeyGenerator.generate(client));
            return;
        }
        SpringApplication.run(JobpoolApplication.class, args);
    }

    /** The one clock: retention, heartbeats and timestamps read it, and tests may set it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
