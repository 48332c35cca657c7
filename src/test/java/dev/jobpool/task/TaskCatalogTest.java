package dev.jobpool.task;

import dev.jobpool.task.builtin.EchoTask;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A catalog found by ServiceLoader, and the same catalog made again from its class names, as a worker does. */
class TaskCatalogTest {

    @Test
    void aCatalogMadeFromTheClassNamesOfAnotherOffersTheSameTasksWithTheirOwnSettings() {
        TaskCatalog discovered = new TaskCatalog(name -> TaskSettings.empty(), task -> !task.testOnly());
        java.util.Set<String> configured = new java.util.TreeSet<>();

        TaskCatalog loaded = TaskCatalog.load(discovered.classNames(), name -> {
            configured.add(name);
            return TaskSettings.of(Map.of());
        });

        assertThat(loaded.classNames()).isEqualTo(discovered.classNames());
        assertThat(loaded.all()).extracting(Task::name)
                .containsExactlyElementsOf(discovered.all().stream().map(Task::name).toList())
                .contains("echo", "sleep", "divide", "sum-of-squares")
                .doesNotContainAnyElementsOf(new TaskCatalog(name -> TaskSettings.empty(), Task::testOnly)
                        .all().stream().map(Task::name).toList());
        assertThat(configured).containsExactlyElementsOf(loaded.all().stream().map(Task::name).toList());
        assertThat(loaded.get("echo")).isNotSameAs(discovered.get("echo")).isInstanceOf(EchoTask.class);
    }

    @Test
    void aClassThatIsMissingOrIsNoTaskIsNamedInTheError() {
        assertThatThrownBy(() -> TaskCatalog.load(List.of(EchoTask.class.getName(), "dev.jobpool.task.NoSuchTask"),
                name -> TaskSettings.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dev.jobpool.task.NoSuchTask");
        assertThatThrownBy(() -> TaskCatalog.load(List.of(String.class.getName()), name -> TaskSettings.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("java.lang.String");
    }

    @Test
    void twoClassesOfOneTaskNameAreRefused() {
        assertThatThrownBy(() -> TaskCatalog.load(List.of(EchoTask.class.getName(), EchoTask.class.getName()),
                name -> TaskSettings.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two tasks are named 'echo'");
    }
}
