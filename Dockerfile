# syntax=docker/dockerfile:1
# Jobpool: build with the Maven wrapper, run the extracted jar on a JRE (workers start faster from it: the
# AOT cache / CDS archive needs plain jars on the classpath).
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -ntp package -DskipTests \
 && java -Djarmode=tools -jar target/jobpool-*.jar extract --destination /app \
 && mv /app/jobpool-*.jar /app/jobpool.jar

FROM eclipse-temurin:25-jre
RUN groupadd --system jobpool && useradd --system --gid jobpool --home-dir /app jobpool \
 && mkdir -p /var/cache/jobpool && chown jobpool:jobpool /var/cache/jobpool
WORKDIR /app
COPY --from=build --chown=jobpool:jobpool /app/ /app/
USER jobpool
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError" \
    JOBPOOL_PROCESS_POOL_CLASS_DATA_SHARING_DIRECTORY=/var/cache/jobpool
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "-jar", "/app/jobpool.jar"]
