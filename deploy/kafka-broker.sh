#!/usr/bin/env bash
# One Kafka broker (KRaft, combined broker + controller) from the Kafka jars inside the Parley
# image: formats its directory on first start, then runs. Configured by environment:
#   KAFKA_NODE_ID (1..n), KAFKA_VOTERS (1@kafka-1:9093,2@kafka-2:9093,...), KAFKA_HOST (its name),
#   KAFKA_CLUSTER_ID (same on every broker), KAFKA_DIR (default /data/kafka)
set -euo pipefail
dir=${KAFKA_DIR:-/data/kafka}
props=$dir/server.properties
mkdir -p "$dir"
cat > "$props" <<PROPS
process.roles=broker,controller
node.id=$KAFKA_NODE_ID
controller.quorum.voters=$KAFKA_VOTERS
listeners=PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093
advertised.listeners=PLAINTEXT://$KAFKA_HOST:9092
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/log
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
auto.create.topics.enable=false
log.retention.hours=-1
PROPS
launch() { java -Xmx768m -cp /app -Dloader.main="$1" org.springframework.boot.loader.launch.PropertiesLauncher "${@:2}"; }
if [ ! -f "$dir/log/meta.properties" ]; then
  launch kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$props"
fi
exec java -Xmx768m -cp /app -Dloader.main=kafka.Kafka org.springframework.boot.loader.launch.PropertiesLauncher "$props"
