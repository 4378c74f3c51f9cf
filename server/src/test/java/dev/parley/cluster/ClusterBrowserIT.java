package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import dev.parley.log.TestBroker;
import dev.parley.support.BrowserScript;
import dev.parley.support.FrontDoor;
import dev.parley.support.NodeProcess;
import dev.parley.support.ParleyNode;
import dev.parley.support.Postgres;
import dev.parley.support.TestDirs;
import org.junit.jupiter.api.Test;

/**
 * Two browsers on different nodes chat and see each other online; then Bob's node is killed with
 * SIGKILL and his web client carries on through the survivor (src/test/browser/cluster.e2e.mjs).
 * Bob reaches his node through a {@link FrontDoor}, as he would through the load balancer.
 */
class ClusterBrowserIT {

    @Test
    void twoBrowsersOnDifferentNodesChatAndSurviveANodeBeingKilled() throws Exception {
        String database = Postgres.freshDatabase("browsers");
        String prefix = "parley-test-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestBroker kafka = TestBroker.start(TestDirs.fresh("browsers-kafka").resolve("kafka"), 3);
             ParleyNode a = ParleyNode.start(TestDirs.fresh("browsers-a"), ClusterIT.node("a", kafka, database, prefix));
             NodeProcess b = new NodeProcess(TestDirs.fresh("browsers-b"), ClusterIT.node("b", kafka, database, prefix)).start();
             FrontDoor toB = new FrontDoor(b.port())) {
            List<String> output = BrowserScript.run("cluster.e2e.mjs",
                    List.of("http://127.0.0.1:" + a.port() + "/", "http://127.0.0.1:" + toB.port() + "/"), line -> {
                        if (!line.equals("KILL")) {
                            return false;
                        }
                        b.kill9();
                        toB.pointAt(a.port());
                        return true;
                    });
            assertThat(output).contains("KILL");
            assertThat(BrowserScript.SCREENSHOTS.resolve("cluster-after-kill-phone.png")).exists();
        }
    }
}
