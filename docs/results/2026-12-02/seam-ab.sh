#!/usr/bin/env bash
# server CPU per request: base (d523c7a) bench adapter vs main's shipped echo, same client, alternating
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
CLIENT=$(ls -t /tmp/echo-native*/echo_client | head -1)
start() { (cd $1; $J --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC -cp 'cli/target/aionet-cli.jar:cli/target/lib/*' io.aionet.bench.echo.EchoServerMain aionet $2 > /dev/null 2>&1 &)
  for i in $(seq 1 60); do ss -ltn | grep -q ":$2 " && break; sleep 0.5; done; pgrep -f "EchoServerMain aionet $2"; }
B=$(start /work/wt/base 7301); M=$(start /work/main 7302)
for cell in "1 64" "64 64" "64 512" "1000 64" "1000 512"; do
  set -- $cell
  $CLIENT -p 7301 -c $1 -s $2 -w 1000 -d 300 -P $B >/dev/null; $CLIENT -p 7302 -c $1 -s $2 -w 1000 -d 300 -P $M > /dev/null
  for r in 1 2 3; do
    for t in B M; do
      if [ $t = B ]; then p=7301; pid=$B; else p=7302; pid=$M; fi
      out=$($CLIENT -p $p -c $1 -s $2 -w 300 -d 1000 -P $pid)
      req=$(echo "$out" | awk '/^requests/{print $2}'); cpu=$(echo "$out" | awk '/^server_cpu_ns/{print $2}')
      echo "$1x$2 $t r$r $(awk -v c=$cpu -v q=$req 'BEGIN{printf "%.3f", c/q/1000}') us/req"
    done
  done
done
kill $B $M
