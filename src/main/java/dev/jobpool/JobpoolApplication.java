package dev.jobpool;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Jobpool: Python's concurrent.futures as a REST service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class JobpoolApplication {

    public static void main(String[] args) {
        SpringApplication.run(JobpoolApplication.class, args);
    }
}
