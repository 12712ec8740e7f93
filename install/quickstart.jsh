// Zeroth quickstart as a JShell script: minimize Rosenbrock, print the run and a comparison.
import static org.zeroth.Zo.zo;
import org.zeroth.*;
import org.zeroth.problems.*;

Run adam = zo.minimize(Problems.rosenbrock(2)).withGaussianDirections(1e-4).queries(4).central().adam(1e-2).steps(2000);
System.out.println(adam);
Run sgd = zo.minimize(Problems.rosenbrock(2)).withGaussianDirections(1e-4).queries(4).central().sgd(1e-3).steps(2000);
System.out.println(zo.compare(adam, sgd));
/exit
