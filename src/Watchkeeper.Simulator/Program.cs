// The simulator as a stand-alone program, for load benchmarks and manual checks.
Console.WriteLine("Watchkeeper simulator");
