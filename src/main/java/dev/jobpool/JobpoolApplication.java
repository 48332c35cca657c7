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
        SpringApplication.run(JobpoolApplication.class, args);
    }

    /** The one clock: retention, heartbeats and timestamps read it, and tests may set it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
