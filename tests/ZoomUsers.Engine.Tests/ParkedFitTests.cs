using System.Net;
using System.Runtime.CompilerServices;
using ZoomUsers.Fitting;
using ZoomUsers.Fitting.Skia;
using ZoomUsers.Validation;
using static ZoomUsers.Simulator.Pictures.TestPictures;

namespace ZoomUsers.Engine.Tests;

/// <summary>
/// A -Fit row parked for its second round holds its source, not the JPEG prepared from it: Park lets
/// the prepared bytes go, and the round prepares the picture again (on a decode thread) before its
/// attempts; when that fails, the failure is the round's result. On the real attempt path and fake clock.
/// </summary>
public sealed class ParkedFitTests
{
    private const string Unlucky = "unlucky@example.com";
    private static readonly FitSettings Settings = new(null, false);
    private static readonly (HttpStatusCode, string?) Created = (HttpStatusCode.Created, null);
    private static readonly (HttpStatusCode, string?) Unavailable = (HttpStatusCode.ServiceUnavailable, "{\"code\":503,\"message\":\"Service unavailable\"}");

    /// <summary>Six 503s for the unlucky row (-MaxRetryCount 5 spent), then Zoom takes it; 20 lucky rows first, so it is a bad day, not an outage.</summary>
    private static FakeZoomAccount BadDay()
    {
        var zoom = new FakeZoomAccount((user, n) => user == Unlucky && n <= 6 ? Unavailable : Created);
        for (var i = 0; i < 20; i++) Assert.Equal(UpdateStatus.Succeeded, zoom.Drive(zoom.Upload($"u{i}@example.com")).Status);
        return zoom;
    }

    /// <summary>A JPEG that needs preparing (EXIF says turn it), with -Fit.</summary>
    private static Picture Sideways() => Assert.IsType<Picture>(new PictureFit(Settings).ReadBytes(WithOrientation(JpegOf(Halves(40, 20)), 6), "test").Value);

    /// <summary>A stand-in for the n-th preparation: a JPEG start, then n.</summary>
    private static byte[] PreparedNumber(int n) => new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }.Concat(Enumerable.Repeat((byte)n, 256)).ToArray();

    private static bool Carries(byte[] body, byte[] picture) => body.AsSpan().IndexOf(picture) >= 0;

    [Fact]
    public void A_parked_fit_row_lets_go_of_its_prepared_picture_and_prepares_it_again_for_its_second_round()
    {
        using var zoom = BadDay();
        var fits = 0;
        var fitted = new StrongBox<int>();
        WeakReference? firstJpeg = null;
        bool? againOnPool = null;
        var upload = new FittingUpload(Settings, zoom.Api.UploadPictureAsync, Counted((picture, settings) =>
        {
            var n = Interlocked.Increment(ref fits);
            var jpeg = PreparedNumber(n);
            if (n == 1) firstJpeg = new WeakReference(jpeg);
            else againOnPool = Thread.CurrentThread.IsThreadPoolThread;
            return Checked<PreparedPicture>.Passed(new PreparedPicture(Picture.Prepared(jpeg, picture.FileName), "Turned upright."));
        }, fitted));

        var first = Drive(zoom, upload.UploadAsync(Unlucky, Sideways(), new QuietLog(), CancellationToken.None), () => fitted.Value == 1);
        Assert.Equal(UpdateStatus.Failed, first.Status);
        Assert.All(zoom.BodiesTo(Unlucky), body => Assert.True(Carries(body, PreparedNumber(1))));
        var round = Assert.IsType<Api.SecondRound>(first.SecondRound);

        round.Park();
        Assert.False(IsAlive(firstJpeg!), "the parked row still holds the JPEG prepared for its first attempts");

        var second = Drive(zoom, round.RunAsync(CancellationToken.None), () => fitted.Value == 2);

        Assert.Equal(UpdateStatus.Succeeded, second.Status);
        Assert.StartsWith("Turned upright. Picture uploaded.", second.Message, StringComparison.Ordinal);
        Assert.Equal(2, fits);
        Assert.False(againOnPool, "the second preparation ran on a thread-pool thread, not a decode thread");
        Assert.Equal(7, zoom.BodiesTo(Unlucky).Count);
        Assert.True(Carries(zoom.BodiesTo(Unlucky)[^1], PreparedNumber(2)), "the second round did not send the picture prepared again");
    }

    [Fact]
    public void A_parked_fit_row_whose_file_is_gone_when_its_round_is_due_ends_with_that_failure_and_sends_nothing()
    {
        using var zoom = BadDay();
        var path = Path.Combine(Path.GetTempPath(), $"zoomusers-parked-{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, WithOrientation(JpegOf(Halves(40, 20)), 6));
        try
        {
            var source = Assert.IsType<Picture>(new PictureFit(Settings).ReadFile(path).Value);
            var fitted = new StrongBox<int>();
            var upload = new FittingUpload(Settings, zoom.Api.UploadPictureAsync, Counted((p, s) => SkiaFitter.Prepare(p, s), fitted));
            var first = Drive(zoom, upload.UploadAsync(Unlucky, source, new QuietLog(), CancellationToken.None), () => fitted.Value == 1);
            var round = Assert.IsType<Api.SecondRound>(first.SecondRound);
            round.Park();

            File.Delete(path);
            var second = Drive(zoom, round.RunAsync(CancellationToken.None), () => fitted.Value == 2);

            Assert.Equal(UpdateStatus.Failed, second.Status);
            Assert.Equal(ErrorIds.PictureReadFailed, second.ErrorId);
            Assert.Contains("Found when the row was due to be tried again at the end of the run", second.Message, StringComparison.Ordinal);
            Assert.Equal(6, zoom.SentTo(Unlucky).Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The fake clock stands still while the row prepares its picture on a decode thread (real time,
    /// however busy the machine): it moves, as <see cref="FakeZoomAccount.Drive"/> moves it, once
    /// <paramref name="fitted"/> says the preparation is over.
    /// </summary>
    private static T Drive<T>(FakeZoomAccount zoom, Task<T> task, Func<bool> fitted)
    {
        SpinWait.SpinUntil(() => task.IsCompleted || fitted(), TimeSpan.FromMinutes(1));
        return zoom.Drive(task);
    }

    /// <summary>SkiaFitter's preparation, counted once it is over (whatever its outcome).</summary>
    private static Func<Picture, FitSettings, Checked<PreparedPicture>> Counted(Func<Picture, FitSettings, Checked<PreparedPicture>> fit, StrongBox<int> done) => (picture, settings) =>
    {
        try
        {
            return fit(picture, settings);
        }
        finally
        {
            Interlocked.Increment(ref done.Value);
        }
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsAlive(WeakReference reference)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return reference.IsAlive;
    }

    private sealed class QuietLog : Diagnostics.IOperationLog
    {
        public bool VerboseEnabled => false;
        public bool DebugEnabled => false;
        public void Verbose(string message) { }
        public void Debug(string message) { }
    }
}
