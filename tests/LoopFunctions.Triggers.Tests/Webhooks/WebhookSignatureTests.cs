using System.Text;
using LoopFunctions.Triggers.Webhooks;

namespace LoopFunctions.Triggers.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"action\":\"opened\"}");

    [Fact]
    public void IsValid_SignatureOfTheBody_IsAccepted()
    {
        Assert.True(WebhookSignature.IsValid("s3cret", Body, WebhookSignature.Sign("s3cret", Body)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha1=0123")]
    [InlineData("sha256=zz")]
    [InlineData("sha256=not-hex-not-hex-not-hex-not-hex-not-hex-not-hex-not-hex-not-hex")]
    public void IsValid_MissingOrMalformedHeader_IsRefused(string? header)
    {
        Assert.False(WebhookSignature.IsValid("s3cret", Body, header));
    }

    [Fact]
    public void IsValid_OtherSecretOrChangedBody_IsRefused()
    {
        var signature = WebhookSignature.Sign("s3cret", Body);
        Assert.False(WebhookSignature.IsValid("other", Body, signature));
        Assert.False(WebhookSignature.IsValid("s3cret", Encoding.UTF8.GetBytes("{\"action\":\"closed\"}"), signature));
    }
}
