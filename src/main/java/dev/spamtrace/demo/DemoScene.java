package dev.spamtrace.demo;

import java.io.IOException;

/**
 * One part of the demo server (its accounts and sites, its queue, its logs, its processes). Each
 * capability adds its scene to {@link DemoServer#SCENES}, telling {@link DemoStory}.
 */
public interface DemoScene {
  void build(DemoServer server) throws IOException;
}
