# syntax=docker/dockerfile:1
# Jobpool: built with the Maven wrapper, run as Spring Boot's extracted layers on a JRE. The extracted form
# (plain jars on the classpath) also lets worker JVMs start from an AOT cache / CDS archive.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -ntp package -DskipTests \
 && java -Djarmode=tools -jar target/jobpool-*.jar extract --layers --application-filename jobpool.jar \
      --destination /layers

FROM eclipse-temurin:25-jre
RUN groupadd --system jobpool && useradd --system --gid jobpool --home-dir /app jobpool \
 && mkdir -p /var/cache/jobpool && chown jobpool:jobpool /var/cache/jobpool
WORKDIR /app
# least to most often changed, one image layer each: a code change rebuilds only the last
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER jobpool
EXPOSE 8080
# A container is reached from outside it: listen on every interface. Jobpool then refuses to start until
# credentials are configured (JOBPOOL_SECURITY_APIKEYS_<CLIENT>_SHA256 and _SCOPES, or a JWT issuer); see
# SECURITY.md. JOBPOOL_SECURITY_ALLOW_ANONYMOUS=true serves without, for a network that is closed already.
ENV SERVER_ADDRESS=0.0.0.0
# worker JVMs keep their CDS/AOT archive here (writable by the non-root user)
ENV JOBPOOL_PROCESS_POOL_CLASS_DATA_SHARING_DIRECTORY=/var/cache/jobpool
# readiness, not the whole health: an executor a client shut down must not mark the container unhealthy
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
# The heap takes half the container's memory limit: process executors' worker JVMs (256m heap each by
# default) need the rest. It is that size from the start and its pages are touched then (a second or so per
# few GB): a heap that grows under load faults in its new pages on the calls' time, and a streamed map ran at a
# quarter of its speed for two seconds after each growth (docs/containers.md). So give the container a memory
# limit: without one, half of the host's memory is taken at start. Flags here, not in JAVA_TOOL_OPTIONS, which
# every worker JVM would inherit; add your own with JAVA_TOOL_OPTIONS (workers do not inherit the service's
# environment).
ENTRYPOINT ["java", "-XX:InitialRAMPercentage=50", "-XX:MaxRAMPercentage=50", "-XX:+AlwaysPreTouch", \
  "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/jobpool.jar"]
