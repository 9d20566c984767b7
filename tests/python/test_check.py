"""gdcert.check and gdcert.verify: the same reports as `gdcert check --json`, exact numbers,
certificates, and bad input as ValueError."""
import decimal
import json

import pytest

import gdcert
from conftest import assert_same_fields

ROSENBROCK = "10*(y-x^2); 1-x"


def test_expression_equals_command_line(cli):
    r = gdcert.check(expr="(x*y-1)^2", center=["2", "0.3"], radius="0.5")
    status, j = cli("check", "--expr", "(x*y-1)^2", "--center", "2,0.3", "--radius", "0.5")
    assert_same_fields(r.to_dict(), j)
    assert r.certified and status == 0 and r.exit_status == 0
    assert r.verdict == "certified" and r.alpha["lower"] == j["alpha"]["lower"]
    assert r.margin > 0 and 0 < r.gd["step"] and r.gd["iterations"] == j["gd"]["iterations"]
    assert "certified" in repr(r) and "alpha>=" in repr(r)
    assert "VERDICT" in r.text and r["verdict"] == "certified" and "gd" in r


def test_residuals_auto_radius_equals_command_line(cli):
    r = gdcert.check(residuals=ROSENBROCK, variables=["x", "y"], center=["1.1", "1.2"], radius="auto")
    status, j = cli("check", "--residuals", ROSENBROCK, "--vars", "x,y", "--center", "1.1,1.2", "--radius", "auto")
    assert_same_fields(r.to_dict(), j)
    assert r.certified == (status == 0)
    # A list of residuals and "x,y" mean the same.
    r2 = gdcert.check(residuals=["10*(y-x^2)", "1-x"], variables="x,y", center=["1.1", "1.2"], radius="auto")
    assert_same_fields(r2.to_dict(), j)


def test_refuted_residuals_equal_command_line(cli):
    r = gdcert.check(residuals=ROSENBROCK, variables=["x", "y"], center=["1.1", "1.2"], radius="0.2", precision=128)
    status, j = cli("check", "--residuals", ROSENBROCK, "--vars", "x,y", "--center", "1.1,1.2", "--radius", "0.2",
                    "--precision", "128")
    assert_same_fields(r.to_dict(), j)
    assert status == 1 and not r.certified and r.verdict == j["verdict"]


def test_plstar_system_equals_command_line(cli):
    r = gdcert.check(system="x*y; x+y", targets=["1", "2.5"], center=["0.5", "2"], radius="0.05", criterion="plstar")
    status, j = cli("check", "--system", "x*y; x+y", "--targets", "1,2.5", "--center", "0.5,2", "--radius", "0.05",
                    "--criterion", "plstar")
    assert_same_fields(r.to_dict(), j)
    assert r.certified == (status == 0)
    assert r.criterion == "plstar" and "mu" in r


def test_criterion_all_equals_command_line(cli):
    # A box budget: how far a search gets then does not depend on the machine's speed.
    r = gdcert.check(residuals=ROSENBROCK, center=["1.00001", "1"], radius="0.01", criterion="all", budget="3000boxes")
    status, j = cli("check", "--residuals", ROSENBROCK, "--center", "1.00001,1", "--radius", "0.01", "--criterion", "all",
                    "--budget", "3000boxes")
    assert_same_fields(r.to_dict(), j)
    assert r.certified == (status == 0)


def test_floats_are_exact_doubles_strings_exact_decimals():
    as_float = gdcert.check(expr="(x*y-1)^2", center=[2, 0.3], radius=0.5)
    as_text = gdcert.check(expr="(x*y-1)^2", center=["2", "0.3"], radius="0.5")
    # The float 0.3 is the double nearest 3/10, passed exactly: its full decimal expansion.
    assert as_float.center_exact == ["2", str(decimal.Decimal(0.3))]
    assert as_text.center_exact == ["2", "0.3"]
    assert as_float.radius_exact == "0.5"  # 0.5 is a double: repr is exact
    assert as_float.f_center != as_text.f_center
    with pytest.raises(ValueError, match="not finite"):
        gdcert.check(expr="x^2", center=[float("nan")], radius=1)
    with pytest.raises(ValueError, match="bool"):
        gdcert.check(expr="x^2", center=[True], radius=1)


def test_certificate_written_and_verified(tmp_path):
    r = gdcert.check(expr="(x*y-1)^2", center=["2", "0.3"], radius="0.5")
    path = tmp_path / "xy.json"
    r.write_cert(path)
    v = gdcert.verify(path)
    assert v.ok and v.status == "verified" and bool(v) and v.boxes_checked >= 0
    # Also through the certificate= argument, as `--cert`.
    path2 = tmp_path / "xy2.json"
    gdcert.check(expr="(x*y-1)^2", center=["2", "0.3"], radius="0.5", certificate=path2)
    assert gdcert.verify(str(path2)).ok
    # A tampered certificate is rejected with the reason; a broken file raises.
    cert = json.loads(path.read_text())
    cert["problem"]["radius"] = "5"  # a claim about a larger ball than was proved
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(cert))
    v = gdcert.verify(bad)
    assert not v.ok and v.status == "rejected" and v.reason
    broken = tmp_path / "broken.json"
    broken.write_text(path.read_text()[:100])
    with pytest.raises(ValueError, match="malformed"):
        gdcert.verify(broken)
    with pytest.raises(FileNotFoundError):
        gdcert.verify(tmp_path / "missing.json")


def test_run_gd_equals_command_line(cli):
    r = gdcert.check(expr="(x*y-1)^2", center=["2", "0.3"], radius="0.5")
    status, j = cli("check", "--expr", "(x*y-1)^2", "--center", "2,0.3", "--radius", "0.5", "--run-gd",
                    "--gd-steps", "20")
    gd = r.run_gd(20)
    assert status == 0 and gd == j["run_gd"]
    assert gd["steps"] == 20 and gd["capped"] and gd["trace"][0]["k"] == 0
    assert all(row["f"] <= row["bound"] for row in gd["trace"])
    refuted = gdcert.check(expr="(x*y-1)^2", center=["0.5", "0.5"], radius="0.3")
    assert "nothing to run" in refuted.run_gd()["skipped"]
    for bad in (0, -1, 10**9, 2.5, True):
        with pytest.raises(ValueError, match="steps"):
            r.run_gd(bad)


def test_write_cert_refuses_uncertified(tmp_path):
    r = gdcert.check(residuals=ROSENBROCK, variables=["x", "y"], center=["1.1", "1.2"], radius="0.2")
    assert not r.certified
    with pytest.raises(ValueError, match="verdict is refuted"):
        r.write_cert(tmp_path / "no.json")
    assert not (tmp_path / "no.json").exists()
    p = gdcert.check(system="x*y; x+y", targets=["1", "2.5"], center=["0.5", "2"], radius="0.05", criterion="plstar")
    with pytest.raises(ValueError, match="chatterjee"):
        p.write_cert(tmp_path / "no.json")


def test_bad_input_raises_value_error():
    with pytest.raises(ValueError, match=r"position \d+"):
        gdcert.check(expr="(x*y-1", center=["2", "0.3"], radius="0.5")
    with pytest.raises(ValueError, match="position 4"):
        gdcert.check(expr="x +* y", center=["2", "0.3"], radius="0.5")
    with pytest.raises(ValueError, match="exactly one"):
        gdcert.check(expr="x^2", residuals="x", center=["1"], radius="0.5")
    with pytest.raises(ValueError, match="exactly one"):
        gdcert.check(center=["1"], radius="0.5")
    with pytest.raises(ValueError, match="center"):
        gdcert.check(expr="x^2+y^2", center=["1"], radius="0.5")
    with pytest.raises(ValueError, match="radius"):
        gdcert.check(expr="x^2", center=["1"], radius="-1")
    with pytest.raises(ValueError, match="radius"):
        gdcert.check(expr="x^2", center=["1"], radius="abc")
    with pytest.raises(ValueError, match="criterion"):
        gdcert.check(expr="x^2", center=["1"], radius="0.5", criterion="newton")
    with pytest.raises(ValueError, match="precision"):
        gdcert.check(expr="x^2", center=["1"], radius="0.5", precision=1)
    with pytest.raises(ValueError, match="budget"):
        gdcert.check(expr="x^2", center=["1"], radius="0.5", budget="fast")
    with pytest.raises(ValueError, match="targets"):
        gdcert.check(system="x*y", center=["1", "1"], radius="0.5", criterion="plstar")


def test_report_is_read_only_and_names_missing_fields():
    r = gdcert.check(expr="(x*y-1)^2", center=["2", "0.3"], radius="0.5")
    with pytest.raises(AttributeError, match="no field 'mu'"):
        r.mu
    with pytest.raises(AttributeError):
        r.verdict = "certified"
    d = r.to_dict()
    d["verdict"] = "changed"
    assert r.verdict == "certified"
    assert "alpha" in dir(r)
