-- The journal's first schema (issue 17): finished drives, charges and parked periods, one row each,
-- and the open state of each car's session detector, so a restart continues the same session.
-- Times are UTC instants; distances km, energies kWh, powers kW, speeds km/h, shares of charge percent.
-- Written for H2 2.x and PostgreSQL alike. Row ids come from one sequence, handed out 50 at a time
-- (the value it gives is the last of its 50: EclipseLink takes the 49 below it too).

CREATE SEQUENCE journal_id START WITH 50 INCREMENT BY 50;

CREATE TABLE journal_drive (
    id                   BIGINT PRIMARY KEY,
    vin                  VARCHAR(17) NOT NULL,
    started_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    start_place          VARCHAR(32) NOT NULL,
    end_place            VARCHAR(32) NOT NULL,
    start_latitude       DOUBLE PRECISION,
    start_longitude      DOUBLE PRECISION,
    end_latitude         DOUBLE PRECISION,
    end_longitude        DOUBLE PRECISION,
    distance_km          DOUBLE PRECISION,
    start_soc_percent    DOUBLE PRECISION,
    end_soc_percent      DOUBLE PRECISION,
    start_rated_range_km DOUBLE PRECISION,
    end_rated_range_km   DOUBLE PRECISION,
    energy_used_kwh      DOUBLE PRECISION,
    max_speed_kmh        DOUBLE PRECISION,
    average_speed_kmh    DOUBLE PRECISION,
    note                 VARCHAR(500),
    CONSTRAINT journal_drive_once UNIQUE (vin, started_at)
);
CREATE INDEX journal_drive_by_time ON journal_drive (started_at);

CREATE TABLE journal_charge (
    id                BIGINT PRIMARY KEY,
    vin               VARCHAR(17) NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    place             VARCHAR(32) NOT NULL,
    charger           VARCHAR(16) NOT NULL,
    energy_added_kwh  DOUBLE PRECISION,
    max_power_kw      DOUBLE PRECISION,
    start_soc_percent DOUBLE PRECISION,
    end_soc_percent   DOUBLE PRECISION,
    cost              DOUBLE PRECISION,
    currency          VARCHAR(3),
    note              VARCHAR(500),
    CONSTRAINT journal_charge_once UNIQUE (vin, started_at)
);
CREATE INDEX journal_charge_by_time ON journal_charge (started_at);

CREATE TABLE journal_parked (
    id                BIGINT PRIMARY KEY,
    vin               VARCHAR(17) NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    place             VARCHAR(32) NOT NULL,
    start_soc_percent DOUBLE PRECISION,
    end_soc_percent   DOUBLE PRECISION,
    CONSTRAINT journal_parked_once UNIQUE (vin, started_at)
);

-- what each car's detector holds between readings (JSON of its open drive, charge or parked period)
CREATE TABLE journal_open_session (
    vin        VARCHAR(17) PRIMARY KEY,
    state      VARCHAR(8000) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
