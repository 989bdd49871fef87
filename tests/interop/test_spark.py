"""Every Parquet table reads in Apache Spark (PySpark in local mode, on the JVM) with the same rows,
column names, types and values as pyarrow reads, and the README's join runs in Spark SQL.

Spark and Java are requirements of this suite, not options: when either is missing the tests fail,
they are never skipped."""

import os
import re
import shutil
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import table_names, table_schema

TABLES = table_names()
MIN_JAVA = 17  # Spark 4 runs on Java 17 or 21

# The Spark SQL type each data package type must read as.
PACKAGE_TO_SPARK = {
    "string": "StringType",
    "integer": "LongType",
    "number": "DoubleType",
    "boolean": "BooleanType",
    "date": "DateType",
}


def spark_type_for_arrow(arrow_type):
    """The Spark SQL type a Parquet column pyarrow reads as `arrow_type` should read as in Spark."""
    if pa.types.is_dictionary(arrow_type):  # enumerations are dictionary-encoded strings
        arrow_type = arrow_type.value_type
    checks = [
        (pa.types.is_date32, "DateType"),
        (pa.types.is_int64, "LongType"),
        (pa.types.is_float64, "DoubleType"),
        (lambda t: pa.types.is_string(t) or pa.types.is_large_string(t), "StringType"),
        (pa.types.is_boolean, "BooleanType"),
    ]
    for check, spark_type in checks:
        if check(arrow_type):
            return spark_type
    raise AssertionError(f"unexpected Parquet column type {arrow_type}")


def java_executable():
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return os.path.join(home, "bin", "java")  # what spark-submit runs when JAVA_HOME is set
    return shutil.which("java")


def missing_reader():
    """Why Spark cannot run here, or None when PySpark and a Java >= 17 runtime are both present."""
    try:
        import pyspark  # noqa: F401
    except ImportError as error:
        return f"PySpark is not installed ({error}): pip install -r tests/interop/requirements.txt"
    java = java_executable()
    if java is None:
        return "no Java runtime (java on PATH or $JAVA_HOME/bin/java): install a JDK or JRE 17 or 21"
    banner = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    found = re.search(r'version "(\d+)(?:\.(\d+))?', banner)
    if not found:
        return f"cannot read the Java version from `{java} -version`: {banner!r}"
    major = int(found.group(1)) if found.group(1) != "1" else int(found.group(2))
    if major < MIN_JAVA:
        return f"{java} is Java {major}; Spark needs Java {MIN_JAVA} or later"
    return None


@pytest.fixture(scope="session")
def spark(tmp_path_factory):
    """One small local Spark session for the whole run: one core, no UI, loopback only, quiet."""
    problem = missing_reader()
    if problem:
        pytest.fail(problem)
    from pyspark.sql import SparkSession

    work = tmp_path_factory.mktemp("spark")
    log4j = work / "log4j2.properties"
    log4j.write_text(
        "rootLogger.level = error\n"
        "rootLogger.appenderRef.stderr.ref = console\n"
        "appender.console.type = Console\n"
        "appender.console.name = console\n"
        "appender.console.target = SYSTEM_ERR\n"
        "appender.console.layout.type = PatternLayout\n"
        "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        env.setenv("PYSPARK_PYTHON", sys.executable)
        env.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        session = (
            SparkSession.builder.master("local[1]")
            .appName("dataset-interop")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "1")
            .config("spark.default.parallelism", "1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.codegen.wholeStage", "false")  # tiny tables: interpreting beats compiling
            .config("spark.sql.warehouse.dir", str(work / "warehouse"))
            .config("spark.local.dir", str(work / "local"))
            .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{log4j}")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        try:
            yield session
        finally:
            session.stop()


def test_spark_and_java_are_installed():
    """Reported as a failure of its own (not only as fixture errors) when the reader is missing."""
    problem = missing_reader()
    assert problem is None, problem


@pytest.mark.parametrize("table", TABLES)
def test_spark_reads_every_parquet_table_like_pyarrow(spark, dist, table):
    path = dist / "parquet" / f"{table}.parquet"
    arrow = pq.read_table(path)
    frame = spark.read.parquet(str(path))

    # Same columns, in the same order.
    assert frame.columns == arrow.column_names, table

    # Same types: as pyarrow reads them, and as the data package declares them.
    spark_types = {f.name: type(f.dataType).__name__ for f in frame.schema.fields}
    declared = {f["name"]: f["type"] for f in table_schema(table)["fields"]}
    assert list(declared) == arrow.column_names, f"{table}: the data package lists other columns"
    for field in arrow.schema:
        assert spark_types[field.name] == spark_type_for_arrow(field.type), (
            f"{table}.{field.name}: Spark reads {spark_types[field.name]}, pyarrow reads {field.type}"
        )
        assert spark_types[field.name] == PACKAGE_TO_SPARK[declared[field.name]], (
            f"{table}.{field.name}: Spark reads {spark_types[field.name]}, "
            f"the data package says {declared[field.name]}"
        )

    # Same number of rows and the same values, row by row (dates as datetime.date in both).
    assert frame.count() == arrow.num_rows, table
    expected = [tuple(row[c] for c in arrow.column_names) for row in arrow.to_pylist()]
    actual = [tuple(row) for row in frame.collect()]
    assert actual == expected, table


def test_spark_sql_joins_events_participants_and_entities(spark, dist):
    for table in ("events", "event_participants", "entities"):
        spark.read.parquet(str(dist / "parquet" / f"{table}.parquet")).createOrReplaceTempView(table)
    rows = spark.sql(
        """
        SELECT n.name, p.role
        FROM events e
        JOIN event_participants p ON p.event_id = e.id
        JOIN entities n ON n.id = p.entity_id
        WHERE e.kind = 'state_visit' AND e.date = DATE '2007-03-15'
        ORDER BY p.role, n.name
        """
    ).collect()
    pairs = [(r["name"], r["role"]) for r in rows]
    assert ("Ilham Aliyev", "visitor") in pairs, pairs
    assert ("Tajikistan", "host") in pairs, pairs
    assert ("Emomali Rakhmonov", "participant") in pairs, pairs
