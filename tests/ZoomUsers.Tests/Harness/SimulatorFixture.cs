using ZoomUsers.Simulator;
using ZoomUsers.Simulator.Tls;

namespace ZoomUsers.Tests.Harness;

/// <summary>A fresh simulator and a fresh PowerShell session per test class instance (xUnit makes one per test).</summary>
public abstract class ModuleTest : IAsyncLifetime
{
    protected ZoomSimulator Sim { get; private set; } = null!;
    protected PowerShellSession Ps { get; private set; } = null!;

    protected virtual SimulatorOptions CreateOptions() => new();

    /// <summary>true: the simulator speaks HTTPS, as Zoom does, with a certificate this process trusts (<see cref="TestTrust"/>).</summary>
    protected virtual bool OverTls => false;

    private SimulatorTls? _tls;

    public async Task InitializeAsync()
    {
        _tls = OverTls ? TestTrust.Simulator() : null;
        Sim = await ZoomSimulator.StartAsync(CreateOptions(), tls: _tls);
        Ps = new PowerShellSession();
    }

    public async Task DisposeAsync()
    {
        Ps.Dispose();
        await Sim.DisposeAsync();
        _tls?.Dispose();
        if (_temp != null && Directory.Exists(_temp)) Directory.Delete(_temp, recursive: true);
    }

    protected static byte[] Jpeg(int size = 1024)
    {
        var b = new byte[size];
        new Random(size).NextBytes(b);
        b[0] = 0xFF; b[1] = 0xD8; b[2] = 0xFF; b[3] = 0xE0;
        return b;
    }

    protected static byte[] Png(int size = 1024)
    {
        var b = new byte[size];
        new Random(size + 1).NextBytes(b);
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(b, 0);
        return b;
    }

    /// <summary>
    /// A CSV file in <see cref="TempDir"/>, every field quoted, for <c>Import-Csv</c> to read as a
    /// user's file is read. Returns its path.
    /// </summary>
    protected string WriteCsv(string fileName, string[] columns, params string[][] rows)
    {
        var path = Path.Combine(TempDir, fileName);
        File.WriteAllLines(path, rows.Prepend(columns).Select(CsvLine), new System.Text.UTF8Encoding(false));
        return path;
    }

    private static string CsvLine(string[] fields) => string.Join(",", fields.Select(f => "\"" + f.Replace("\"", "\"\"") + "\""));

    /// <summary>A temp folder for picture and CSV files, deleted with the test.</summary>
    protected string TempDir
    {
        get
        {
            if (_temp == null)
            {
                _temp = Path.Combine(Path.GetTempPath(), "zoomusers-tests", Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(_temp);
            }
            return _temp;
        }
    }
    private string? _temp;
}
