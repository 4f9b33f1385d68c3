using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace PhotoGallery.Local.Catalog;

/// <summary>
/// One SQLite file: opens pooled connections in WAL mode and creates the schema on first use. The file is
/// created 600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
/// </summary>
public sealed class SqliteDatabase
{
    /// <summary>
    /// The native SQLite handles whose per-connection settings are made. The pool hands the same handle out
    /// again and again; its settings stay until SQLite closes it, so each handle is set up once, not on every
    /// <see cref="Open"/> (a new handle is a new key; a closed one is collected with its entry).
    /// </summary>
    private static readonly ConditionalWeakTable<object, object> Configured = new();

    /// <summary>
    /// How much of the file SQLite reads through a memory map rather than a read call per page (SQLite's default is
    /// none). A search whose photos lie far apart in a large catalog touches many pages: at 100,000 photos, mapping
    /// took a rare word's page from 0.19 to 0.17 ms of CPU and a long one's from 0.34 to 0.29 (docs/performance.md).
    /// Only address space is reserved; the pages are the operating system's file cache, shared by every connection.
    /// </summary>
    private const long MemoryMapBytes = 1L << 30;

    /// <summary>How long a statement waits for another connection's write lock before it fails with "database is locked".</summary>
    public const int BusyTimeoutMilliseconds = 30_000;

    private readonly string _connectionString;

    public SqliteDatabase(string path, string schema)
    {
        LocalFiles.CreateFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
        LocalFiles.EnsurePrivateFile(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, schema);
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        var handle = connection.Handle!;
        if (!Configured.TryGetValue(handle, out _))
        {
            Execute(connection, $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA mmap_size = {MemoryMapBytes};");
            Configured.AddOrUpdate(handle, handle);
        }
        return connection;
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static void Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }
}
