-- Blocklist history (spamtrace blocklist check / history / delist). Times are epoch milliseconds (UTC):
-- no time-zone conversion anywhere between Java and the file.

-- One run of checks.
create table check_run (
  id bigint auto_increment primary key,
  started_ms bigint not null,
  finished_ms bigint not null,
  resolver varchar(200) not null,
  source varchar(40) not null,
  queries bigint not null
);

-- Each list's health in a run (RFC 5782 test entries).
create table zone_health (
  run_id bigint not null references check_run(id),
  zone varchar(255) not null,
  state varchar(40) not null,
  detail varchar(2000),
  primary key (run_id, zone)
);

-- Every check of one address or domain on one list.
create table observation (
  id bigint auto_increment primary key,
  run_id bigint not null references check_run(id),
  checked_ms bigint not null,
  subject varchar(255) not null,
  zone varchar(255) not null,
  outcome varchar(20) not null,
  codes varchar(500),
  meanings varchar(2000),
  verdict varchar(20),
  txt varchar(4000),
  reason varchar(40),
  detail varchar(2000),
  ttl bigint
);
create index observation_subject_zone on observation(subject, zone, checked_ms);

-- Transitions derived when a run is recorded: listed (first time), delisted, relisted.
create table listing_event (
  id bigint auto_increment primary key,
  run_id bigint references check_run(id),
  at_ms bigint not null,
  subject varchar(255) not null,
  zone varchar(255) not null,
  event varchar(20) not null,
  codes varchar(500)
);
create index listing_event_subject on listing_event(subject, zone, at_ms);

-- Delisting requests the operator says were sent (spamtrace never submits anything itself).
create table delisting_request (
  id bigint auto_increment primary key,
  subject varchar(255) not null,
  zone varchar(255) not null,
  sent_ms bigint not null,
  recorded_ms bigint not null,
  note varchar(2000)
);
